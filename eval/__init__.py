"""Evaluation harness: gold questions, metrics, reports."""
