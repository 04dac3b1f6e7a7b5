"""RFC 9457 Problem Details for every error of a Django REST framework API."""

from django_problems.exceptions import ProblemError, raise_problem

__all__ = ["ProblemError", "raise_problem"]
__version__ = "0.1.0"
