"""The law-agnostic building blocks of the deadline engines.

A rule's legal meaning is data (:mod:`boernesag.law`); each rule compiles into a
:class:`~boernesag.blocks.plan.Plan` of the generic steps defined here (which events trigger it,
from when its period runs, which events meet it). The scalar executor
(:mod:`boernesag.blocks.scalar`, the reference, with explanations) and the numpy executor
(:mod:`boernesag.columnar.executor`) each implement every step once.
"""
