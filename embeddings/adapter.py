"""Bias terms fitted to this corpus, applied on top of the bundled encoder (BitFit).

Only the bias vectors of the transformer are tuned (26k of its 22.7M parameters), so the fitted
values fit in a 100 KB file kept in the repository beside the manifest that says what they were fitted on:
the base model, the training questions and the corpus. `python -m embeddings.finetune` writes both.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

BUNDLED_ADAPTER_DIR = Path(__file__).resolve().parent / "adapter"
WEIGHTS_FILE = "biases.safetensors"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Adapter:
    biases: dict[str, np.ndarray]  # parameter name in the SentenceTransformer -> its fitted value
    manifest: dict[str, Any]

    @property
    def base_identity(self) -> str:
        return str(self.manifest["base_model"])

    @property
    def digest(self) -> str:
        """Changes whenever any fitted value changes."""
        sha = hashlib.sha256()
        for name in sorted(self.biases):
            sha.update(name.encode())
            sha.update(np.ascontiguousarray(self.biases[name], dtype=np.float32).tobytes())
        return sha.hexdigest()

    def save(self, folder: str | Path) -> None:
        from safetensors.numpy import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        save_file({name: np.ascontiguousarray(value, dtype=np.float32) for name, value in self.biases.items()}, str(folder / WEIGHTS_FILE))
        (folder / MANIFEST_FILE).write_text(json.dumps(self.manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def apply(self, model: Any) -> None:
        """Writes the fitted biases into a loaded SentenceTransformer of the base model."""
        import torch

        parameters = dict(model.named_parameters())
        unknown = sorted(set(self.biases) - set(parameters))
        if unknown:
            raise ValueError(f"the adapter has biases the model lacks: {', '.join(unknown[:3])}")
        with torch.no_grad():
            for name, value in self.biases.items():
                if tuple(parameters[name].shape) != value.shape:
                    raise ValueError(f"adapter bias {name} has shape {value.shape}, the model's is {tuple(parameters[name].shape)}")
                parameters[name].copy_(torch.from_numpy(np.asarray(value, dtype=np.float32)))


def load_adapter(folder: str | Path) -> Adapter:
    """The adapter saved in `folder`; ValueError with the reason when it is missing or unreadable."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        biases = load_file(str(folder / WEIGHTS_FILE))
    except (OSError, ValueError, SafetensorError) as error:
        raise ValueError(f"cannot read the encoder adapter in {folder}: {error}") from error
    if "base_model" not in manifest:
        raise ValueError(f"the adapter manifest in {folder} does not name its base model")
    return Adapter(biases=dict(biases), manifest=manifest)
