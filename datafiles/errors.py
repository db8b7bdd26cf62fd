"""One error type for every data problem, so the CLI and the app can show a single clear message."""

from __future__ import annotations


class DataProblem(Exception):
    """A source or built table that cannot be used: which file, what is wrong, how to fix it."""

    def __init__(self, file: str, problem: str, fix: str):
        self.file = str(file)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.file}: {problem} Fix: {fix}")
