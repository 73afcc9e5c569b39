"""Demo organisation: offices, partner agencies, a user for every role and PIMPASA with villages."""
