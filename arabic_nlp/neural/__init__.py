"""The project's own neural models (trained with torch, served with onnxruntime).

Each model lives in a subpackage whose ``__init__`` needs only numpy and
onnxruntime at inference time; torch is imported by the training and export
modules alone.
"""
