"""Feedback on a typed answer: key points, grading, problem checking."""
