"""Dense side of retrieval: the sentence encoder, the text embedded per unit, and the cached FAISS index."""

from embeddings.context import contextual_text
from embeddings.encoder import Encoder, default_model_dir
from embeddings.index import IndexCache, VectorIndex

__all__ = ["Encoder", "IndexCache", "VectorIndex", "contextual_text", "default_model_dir"]
