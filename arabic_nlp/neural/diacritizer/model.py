"""The diacritizer networks (torch; needed for training and export only).

Two candidates read the whole window of undiacritized characters and give
15 class logits per character:

* ``transformer``: embedding + one local convolution (cheap n-gram features that
  the attention layers then combine) + sinusoidal positions + pre-norm
  transformer encoder layers.
* ``bilstm``: embedding + stacked BiLSTM (packed: padding never enters it) + one
  pre-norm self-attention layer.

Both take ``ids`` (batch, length) with 0 as padding and return logits
(batch, length, 15).  Attention is written with plain matmuls when exporting,
so the ONNX graph is made of ops every onnxruntime build runs and quantizes.
"""

from __future__ import annotations

import math

import torch  # type: ignore[import-not-found, unused-ignore]
import torch.nn.functional as F  # type: ignore[import-not-found, unused-ignore]
from torch import Tensor, nn  # type: ignore[import-not-found, unused-ignore]
from torch.nn.utils.rnn import (  # type: ignore[import-not-found, unused-ignore]
    pack_padded_sequence,
    pad_packed_sequence,
)

from arabic_nlp.neural.diacritizer.config import ModelConfig
from arabic_nlp.neural.diacritizer.encoding import NUM_CLASSES, PAD


class SelfAttention(nn.Module):  # type: ignore[misc, unused-ignore]
    """Multi-head self-attention over the whole window with a padding bias."""

    def __init__(self, d: int, heads: int, dropout: float) -> None:
        super().__init__()
        if d % heads:
            raise ValueError(f"d_model {d} is not divisible by heads {heads}")
        self.heads = heads
        self.d = d
        self.scale = 1.0 / math.sqrt(d // heads)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.dropout = dropout

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        b, n, d, h = x.shape[0], x.shape[1], self.d, self.heads
        qkv = self.qkv(x).reshape(b, n, 3, h, d // h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if torch.onnx.is_in_onnx_export() or (not self.training and x.device.type == "cpu"):
            att = torch.matmul(q, k.transpose(-2, -1)) * self.scale + bias
            y = torch.matmul(torch.softmax(att, dim=-1), v)
        else:
            y = F.scaled_dot_product_attention(
                q, k, v, attn_mask=bias.to(q.dtype),
                dropout_p=self.dropout if self.training else 0.0)
        return self.out(y.transpose(1, 2).reshape(b, n, d))  # type: ignore[no-any-return, unused-ignore]


class Block(nn.Module):  # type: ignore[misc, unused-ignore]
    """Pre-norm transformer layer: attention then a GELU feed-forward."""

    def __init__(self, d: int, heads: int, ff: int, dropout: float) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.attn = SelfAttention(d, heads, dropout)
        self.norm2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Linear(ff, d))
        self.drop = nn.Dropout(dropout)

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        x = x + self.drop(self.attn(self.norm1(x), bias))
        return x + self.drop(self.ff(self.norm2(x)))  # type: ignore[no-any-return, unused-ignore]


def _padding_bias(ids: Tensor) -> Tensor:
    """(batch, 1, 1, length) additive bias: -1e4 on padding keys, 0 elsewhere."""
    return ((ids == PAD).to(torch.float32) * -1e4)[:, None, None, :]


def _sinusoids(length: int, d: int) -> Tensor:
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    table = torch.zeros(length, d)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq[: d // 2])
    return table


class TransformerDiacritizer(nn.Module):  # type: ignore[misc, unused-ignore]
    """Character transformer encoder with a convolutional front end."""

    pos: Tensor

    def __init__(self, cfg: ModelConfig, vocab_size: int) -> None:
        super().__init__()
        d = cfg.d_model
        self.embed = nn.Embedding(vocab_size, d, padding_idx=PAD)
        # depthwise: each channel sees its neighbours (cheap; the layers mix channels)
        self.conv = nn.Conv1d(d, d, cfg.conv_kernel, padding=cfg.conv_kernel // 2,
                              groups=d) if cfg.conv_kernel > 1 else None
        self.register_buffer("pos", _sinusoids(cfg.max_len, d), persistent=False)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(d, cfg.heads, cfg.ff, cfg.dropout)
                                    for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, NUM_CLASSES)
        self.scale = math.sqrt(d)

    def forward(self, ids: Tensor) -> Tensor:
        x = self.embed(ids) * self.scale
        if self.conv is not None:
            x = x + F.gelu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        x = self.drop(x + self.pos[: ids.shape[1]])
        bias = _padding_bias(ids)
        for block in self.blocks:
            x = block(x, bias)
        return self.head(self.norm(x))  # type: ignore[no-any-return, unused-ignore]


class BiLSTMDiacritizer(nn.Module):  # type: ignore[misc, unused-ignore]
    """Stacked BiLSTM followed by one self-attention layer over the window."""

    def __init__(self, cfg: ModelConfig, vocab_size: int) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, cfg.embed, padding_idx=PAD)
        self.lstm = nn.LSTM(cfg.embed, cfg.d_model, num_layers=cfg.layers, batch_first=True,
                            bidirectional=True, dropout=cfg.dropout if cfg.layers > 1 else 0.0)
        d = 2 * cfg.d_model
        self.block = Block(d, cfg.heads, 2 * d, cfg.dropout)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, NUM_CLASSES)

    def forward(self, ids: Tensor) -> Tensor:
        # Packed sequences: the backward direction of a short window starts at its
        # last character, not at the padding, so a window's output does not depend
        # on what it is batched with (the ONNX LSTM gets ``sequence_lens``).
        lengths = (ids != PAD).sum(dim=1).clamp(min=1).cpu()
        packed = pack_padded_sequence(self.embed(ids), lengths, batch_first=True,
                                      enforce_sorted=False)
        out, _ = self.lstm(packed)
        x, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        x = self.block(x, _padding_bias(ids))
        return self.head(self.norm(x))  # type: ignore[no-any-return, unused-ignore]


def build_model(cfg: ModelConfig, vocab_size: int) -> nn.Module:
    """The network named by ``cfg.arch``."""
    if cfg.arch == "transformer":
        return TransformerDiacritizer(cfg, vocab_size)
    if cfg.arch == "bilstm":
        return BiLSTMDiacritizer(cfg, vocab_size)
    raise ValueError(f"unknown arch {cfg.arch!r} (transformer or bilstm)")


def count_parameters(model: nn.Module) -> int:
    """Number of trainable weights."""
    return sum(int(p.numel()) for p in model.parameters() if p.requires_grad)
