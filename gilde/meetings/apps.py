from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gilde.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from gilde.core import fragments
        from gilde.meetings.models import Action, AgendaItem, Decision, Idea, Meeting, Rsvp

        fragments.watch(Meeting, _own_network, m2m=["organisers", "invited"])
        for model in (AgendaItem, Rsvp):
            fragments.watch(model, _meeting_network)
        fragments.watch(Decision, _own_network)
        fragments.watch(Idea, _own_network, m2m=["supporters"])
        fragments.watch(Action, _own_network, m2m=["involved"])

        from gilde.core.mail import register_topic
        from gilde.meetings import feeds, search, services

        search.register_sources()
        feeds.register_sources()
        register_topic(services.ACTIONS_TOPIC, _("actions given to you"))
        register_topic(services.MEETINGS_TOPIC, _("minutes of your meetings"))

        from gilde.core import demo
        from gilde.meetings import demo_seeder

        demo.register("meetings", demo_seeder.seed, order=40)


def _own_network(row):
    return [row.network_id]


def _meeting_network(row):
    return [row.meeting.network_id]
