"""Venues and trainers, kept by HR."""

from django.db import transaction

from ..models import Trainer, Venue


@transaction.atomic
def venue_save(*, venue: Venue) -> Venue:
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def trainer_save(*, trainer: Trainer) -> Trainer:
    trainer.full_clean()
    trainer.save()
    return trainer
