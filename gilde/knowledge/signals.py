"""What knowledge tells the apps beside it, sent inside its own transactions.

Knowledge imports nothing of the ledger (DESIGN: apps at one level do not lean on
each other; `gilde.exchange.knowledge_payments` connects the receivers). Knowledge
decides what is owed and when — a place at a session priced in credits, a refund
when it is cancelled before the start, a question's reward — and the receivers
move the credits. A receiver that refuses raises a DomainError: it propagates out
of `send` and rolls the caller's transaction back, so nothing changes. Receivers
answer with what they did (an amount, a list); `answers` collects those answers.

Signals and their arguments (besides `sender`, the model class):

- `payee_options(network, user)`: the accounts `user` may have a session paid to,
  as a list of `(account id, label)`, their own first.
- `registration_confirmed(registration, session, amount, by)`: the registration has
  a place now; `amount` (minor units, 0: nothing) is due from its person. Answers
  the amount paid.
- `registration_cancelled(registration, session, refund, by)`: the registration is
  cancelled; `refund` (0: none) is what its person gets back. Answers the amount
  refunded.
- `question_reward_set(question, previous, by)`: the question's reward is now
  `question.reward` (0: none), was `previous`. Answers the amount reserved.
- `answer_accepted(question, answer, by)`: the asker accepted `answer`; a reward goes
  to its author.
- `question_closed(question, by)`: the question is closed; a reward still reserved
  (no answer was accepted) is released.
"""

from __future__ import annotations

from django.dispatch import Signal

payee_options = Signal()
registration_confirmed = Signal()
registration_cancelled = Signal()
question_reward_set = Signal()
answer_accepted = Signal()
question_closed = Signal()


def answers(signal: Signal, sender, **kwargs) -> list:
    """Send `signal` and return what its receivers answered, leaving out None."""
    return [
        answer for _receiver, answer in signal.send(sender=sender, **kwargs) if answer is not None
    ]
