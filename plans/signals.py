"""What plans tells the apps built on it, which it does not know (dependencies run one way)."""

from django.dispatch import Signal

# Sent before goals are deleted from a plan, with `goals` (a Goal queryset). An app whose rows
# refer to goals (the follow-up's assessments) refuses by raising ValidationError, whose
# message the person sees.
goals_deleting = Signal()
