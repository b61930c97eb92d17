"""Study: FSRS scheduling, review sessions, mock interviews, progress."""
