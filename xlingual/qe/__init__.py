"""Quality estimation: which words of a translation are likely wrong, and how likely the sentence
holds a major accuracy error.

The model is the multilingual encoder xlingual already ships (multilingual-e5-small, frozen) read
layer by layer (`features`), with small heads trained by `training/train_qe.py` on expert-annotated
MT errors (`head`, weights in `xlingual/data/qe/`). `model` loads both lazily, once per process.
"""
