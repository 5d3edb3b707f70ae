"""Knowledge pages: articles, questions and answers, sessions, comments, follows, attachments.

Items are fetched with `Model.objects.visible_to(user)` inside the network, so an
item the user may not see answers 404 like one that does not exist. Every write
goes through `gilde.knowledge.services`; its refusals become messages or form errors.
"""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.accounts.models import Tag
from gilde.core import access, fragments, uploads
from gilde.core.confirm import ask_first, confirmed
from gilde.core.credits import format_amount
from gilde.core.forms import AttendanceForm, refusals
from gilde.knowledge import feeds, services
from gilde.knowledge.forms import (
    AnswerForm,
    ArticleFilterForm,
    ArticleForm,
    AttachmentForm,
    CommentForm,
    ItemRefForm,
    QuestionForm,
    SessionForm,
)
from gilde.knowledge.models import (
    Answer,
    Article,
    Attachment,
    Follow,
    Question,
    Registration,
    Session,
)
from gilde.networks.views import network_view

PER_PAGE = 20
MODELS = {"article": Article, "question": Question, "session": Session}


# -- shared helpers ------------------------------------------------------------


def _visible(model, request, network):
    return model.objects.visible_to(request.user).filter(network=network)


def _item_or_404(request, network, kind: str, pk: int):
    return get_object_or_404(_visible(MODELS[kind], request, network), pk=pk)


def _item_url(item) -> str:
    kind = type(item)._meta.model_name
    return reverse(f"knowledge:{kind}", args=[item.network.slug, item.pk])


def _is_following(request, **item) -> bool:
    return (
        request.user.is_authenticated and Follow.objects.filter(user=request.user, **item).exists()
    )


def _item_ref(request, network, kinds: set[str]):
    """The item a POST is about (fields `kind` and `object_id`), if the user may see it."""
    ref = ItemRefForm(request.POST)
    if not ref.is_valid() or ref.cleaned_data["kind"] not in kinds:
        raise Http404
    return _item_or_404(request, network, ref.cleaned_data["kind"], ref.cleaned_data["object_id"])


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


# -- articles ------------------------------------------------------------------


@network_view("view")
def articles(request, network):
    def listing():
        visible = _visible(Article, request, network)
        tags = Tag.objects.filter(
            pk__in=Article.tags.through.objects.filter(article__in=visible).values("tag_id")
        ).order_by("name")
        form = ArticleFilterForm(tags, request.GET or None)
        filters = form.filters()
        rows = visible.select_related("author").prefetch_related("tags")
        if filters["kind"]:
            rows = rows.filter(kind=filters["kind"])
        if filters["tag"]:
            rows = rows.filter(tags__slug=filters["tag"])
        # Your own drafts first, then the newest published.
        rows = rows.order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")
        return {"form": form, "page": _page(request, rows)}

    # The list is a cached fragment: on a hit, `listing` never runs.
    return render(
        request,
        "knowledge/articles.html",
        {
            "network": network,
            **fragments.lazy(listing, "form", "page"),
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


def _article_page(request, network, article, comment_form=None):
    coauthors = list(article.coauthors.order_by("name"))
    is_member = access.can_contribute(request.user, network)
    return render(
        request,
        "knowledge/article.html",
        {
            "network": network,
            "article": article,
            "coauthors": coauthors,
            "is_owner": services.may_edit(article, request.user),
            "tags": article.tags.all(),
            "attachments": article.attachments.all(),
            "comments": article.comments.select_related("author"),
            "comment_form": comment_form or (CommentForm() if is_member else None),
            "following": _is_following(request, article=article),
            "can_see_revisions": services.may_see_revisions(article, request.user),
            "attachment_form": AttachmentForm(),
        },
    )


@network_view("view")
def article(request, network, article_id: int):
    article = get_object_or_404(
        _visible(Article, request, network).select_related("author", "network"), pk=article_id
    )
    return _article_page(request, network, article)


@login_required
@network_view("contribute")
def article_new(request, network):
    form = ArticleForm(network, request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        with refusals(form=form) as refused:
            article = services.create_article(
                network, by=request.user, publish=publish, **form.values()
            )
        if not refused:
            messages.success(
                request,
                _("Your article is published.") if publish else _("Your draft is saved."),
            )
            return redirect(_item_url(article))
    return render(request, "knowledge/article_form.html", {"network": network, "form": form})


def _editable_or_404(model, request, network, pk: int):
    """An item the user may edit (QuerySet `editable_by`); anyone else gets 404."""
    return get_object_or_404(
        model.objects.editable_by(request.user)
        .filter(network=network)
        .select_related("author", "network"),
        pk=pk,
    )


@login_required
@network_view("view")
def article_edit(request, network, article_id: int):
    article = _editable_or_404(Article, request, network, article_id)
    form = ArticleForm(network, request.POST or None, instance=article, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_article(
                article, by=request.user, note=form.cleaned_data["note"], **form.values()
            )
            if request.POST.get("action") == "publish":
                services.publish_article(article, by=request.user)
        if not refused:
            messages.success(request, _("Your changes are saved."))
            return redirect(_item_url(article))
    return render(
        request,
        "knowledge/article_form.html",
        {"network": network, "form": form, "article": article},
    )


@require_POST
@login_required
@network_view("view")
def article_publish(request, network, article_id: int):
    article = _item_or_404(request, network, "article", article_id)
    with refusals(request):
        if request.POST.get("action") == "unpublish":
            services.unpublish_article(article, by=request.user)
            messages.success(request, _("The article is a draft again: only its authors see it."))
        else:
            services.publish_article(article, by=request.user)
            messages.success(request, _("Your article is published."))
    return redirect(_item_url(article))


@require_POST
@login_required
@network_view("view")
def article_delete(request, network, article_id: int):
    article = _item_or_404(request, network, "article", article_id)
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Delete the article “%(title)s”?") % {"title": article.title},
            explanation=_("Its text, revisions, comments and files are gone for good."),
            button=_("Delete article"),
            cancel_url=_item_url(article),
        )
    with refusals(request) as refused:
        services.delete_article(article, by=request.user)
    if refused:
        return redirect(_item_url(article))
    messages.success(request, _("The article “%(title)s” is deleted.") % {"title": article.title})
    return redirect("knowledge:articles", network.slug)


def _changes(newer, older) -> dict:
    """What one revision changed compared to the one before it."""
    if older is None:
        return {"fields": [], "diff": ""}
    fields = [
        label
        for name, label in (("title", _("title")), ("summary", _("summary")), ("body", _("text")))
        if getattr(newer, name) != getattr(older, name)
    ]
    diff = "\n".join(
        difflib.unified_diff(older.body.splitlines(), newer.body.splitlines(), lineterm="", n=1)
    )
    return {"fields": fields, "diff": diff}


@network_view("view")
def article_revisions(request, network, article_id: int):
    """Who changed what, when: for the network's members and coordinators (authors among them;
    an author whose membership is not active no longer counts as one)."""
    article = get_object_or_404(
        _visible(Article, request, network).select_related("author", "network"), pk=article_id
    )
    if not services.may_see_revisions(article, request.user):
        raise Http404
    revisions = list(article.revisions.select_related("editor"))
    rows = [
        {"revision": revision, **_changes(revision, older)}
        for revision, older in zip(revisions, [*revisions[1:], None], strict=True)
    ]
    return render(
        request,
        "knowledge/article_revisions.html",
        {"network": network, "article": article, "rows": rows},
    )


# -- questions and answers -------------------------------------------------------


@network_view("view")
def questions(request, network):
    rows = (
        _visible(Question, request, network)
        .select_related("author")
        .prefetch_related("tags")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-pk")
    )
    tag = request.GET.get("tag", "")
    if tag:
        rows = rows.filter(tags__slug=tag)
    if request.GET.get("open"):
        rows = rows.filter(accepted_answer__isnull=True, closed_at__isnull=True)
    return render(
        request,
        "knowledge/questions.html",
        {
            "network": network,
            "page": _page(request, rows),
            "tag": tag,
            "open": bool(request.GET.get("open")),
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


def _answers(question, user, pk: int | None = None) -> list[Answer]:
    """Answers with the accepted one first, then by how many found them useful (or the one
    with `pk`), each knowing whether `user` may mark it useful."""
    answers = (
        question.answers.select_related("author")
        .annotate(
            useful_count=Count("useful_by"),
            accepted=Case(
                When(pk=question.accepted_answer_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-accepted", "-useful_count", "created_at", "pk")
    )
    if user.is_authenticated:
        answers = answers.annotate(
            useful_to_me=Exists(
                Answer.useful_by.through.objects.filter(answer_id=OuterRef("pk"), user_id=user.pk)
            )
        )
    if pk is not None:
        answers = answers.filter(pk=pk)
    rows = list(answers)
    for answer in rows:
        answer.may_mark_useful = services.may_mark_useful(answer, user)
    return rows


def _reward_state(question, answers) -> dict | None:
    """How a question's reward stands: reserved, paid to the accepted answer's author, or
    released (closed without one, or the asker accepted their own answer)."""
    if not question.reward:
        return None
    accepted = next((a for a in answers if a.pk == question.accepted_answer_id), None)
    if accepted is not None and accepted.author_id != question.author_id:
        return {"state": "paid", "to": accepted.author}
    if accepted is not None or question.closed_at:
        return {"state": "released"}
    return {"state": "reserved"}


def _question_page(request, network, question, answer_form=None):
    is_member = access.can_contribute(request.user, network)
    answers = _answers(question, request.user)
    is_open = question.closed_at is None
    return render(
        request,
        "knowledge/question.html",
        {
            "network": network,
            "question": question,
            "answers": answers,
            "reward": _reward_state(question, answers),
            "is_owner": services.may_edit(question, request.user),
            "may_close": is_open and services.may_manage(question, request.user),
            "tags": question.tags.all(),
            "attachments": question.attachments.all(),
            "answer_form": answer_form or (AnswerForm() if is_member and is_open else None),
            "following": _is_following(request, question=question),
            "attachment_form": AttachmentForm(),
        },
    )


@network_view("view")
def question(request, network, question_id: int):
    question = get_object_or_404(
        _visible(Question, request, network).select_related("author", "network"), pk=question_id
    )
    return _question_page(request, network, question)


@login_required
@network_view("contribute")
def question_new(request, network):
    form = QuestionForm(network, request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            question = services.ask_question(network, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("Your question is asked. You will hear of answers."))
            return redirect(_item_url(question))
    return render(request, "knowledge/question_form.html", {"network": network, "form": form})


@login_required
@network_view("view")
def question_edit(request, network, question_id: int):
    question = _editable_or_404(Question, request, network, question_id)
    form = QuestionForm(network, request.POST or None, instance=question, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_question(question, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("Your changes are saved."))
            return redirect(_item_url(question))
    return render(
        request,
        "knowledge/question_form.html",
        {"network": network, "form": form, "question": question},
    )


@require_POST
@login_required
@network_view("view")
def answer_add(request, network, question_id: int):
    question = get_object_or_404(
        _visible(Question, request, network).select_related("author", "network"), pk=question_id
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        with refusals(form=form) as refused:
            answer = services.answer_question(
                question, by=request.user, body=form.cleaned_data["body"]
            )
        if not refused:
            messages.success(request, _("Thank you for your answer."))
            return redirect(f"{_item_url(question)}#answer-{answer.pk}")
    return _question_page(request, network, question, answer_form=form)


@require_POST
@login_required
@network_view("view")
def question_close(request, network, question_id: int):
    question = _item_or_404(request, network, "question", question_id)
    if not confirmed(request):
        explanation = _("It takes no more answers.")
        if question.reward and question.accepted_answer_id is None:
            explanation = _(
                "It takes no more answers, and the reward of %(amount)s is released."
            ) % {"amount": format_amount(question.reward, network.unit)}
        return ask_first(
            request,
            question=_("Close the question “%(title)s”?") % {"title": question.title},
            explanation=explanation,
            button=_("Close question"),
            cancel_url=_item_url(question),
        )
    with refusals(request) as refused:
        services.close_question(question, by=request.user)
    if not refused:
        messages.success(request, _("The question is closed."))
    return redirect(_item_url(question))


def _answer_or_404(request, network, answer_id: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related("question__network", "author"),
        pk=answer_id,
        question__in=_visible(Question, request, network),
    )


@require_POST
@login_required
@network_view("view")
def answer_accept(request, network, answer_id: int):
    answer = _answer_or_404(request, network, answer_id)
    with refusals(request) as refused:
        services.accept_answer(answer, by=request.user)
    if not refused:
        question = answer.question
        if question.reward and answer.author_id != question.author_id:
            messages.success(
                request,
                _("You accepted this answer: %(name)s received the reward of %(amount)s.")
                % {
                    "name": answer.author.display_name,
                    "amount": format_amount(question.reward, network.unit),
                },
            )
        else:
            messages.success(request, _("You accepted this answer."))
    return redirect(f"{_item_url(answer.question)}#answer-{answer.pk}")


@require_POST
@login_required
@network_view("view")
def answer_useful(request, network, answer_id: int):
    answer = _answer_or_404(request, network, answer_id)
    useful = request.POST.get("useful", "1") != "0"
    with refusals(None if request.htmx else request) as refused:
        services.mark_useful(answer, by=request.user, useful=useful)
    if refused and request.htmx:
        # refused is true, so its error is set.
        return HttpResponse(str(refused.error.message), status=refused.error.status)  # type: ignore[union-attr]
    if request.htmx:
        [answer] = _answers(answer.question, request.user, pk=answer.pk)
        return render(
            request,
            "knowledge/_useful.html",
            {"network": network, "answer": answer, "question": answer.question},
        )
    return redirect(f"{_item_url(answer.question)}#answer-{answer.pk}")


# -- sessions --------------------------------------------------------------------


def _with_places(rows):
    return rows.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
        )
    ).annotate(places_left=F("capacity") - F("registered_count"))


@network_view("view")
def sessions(request, network):
    past = request.GET.get("when") == "past"
    visible = _visible(Session, request, network)
    rows = _with_places(
        (visible.past() if past else visible.upcoming())
        .select_related("author")
        .prefetch_related("tags")
    )
    if request.user.is_authenticated:
        rows = rows.annotate(
            my_status=Subquery(
                Registration.objects.filter(session=OuterRef("pk"), user=request.user).values(
                    "status"
                )[:1]
            )
        )
    feed = reverse("network_calendar", args=[network.slug])
    return render(
        request,
        "knowledge/sessions.html",
        {
            "network": network,
            "page": _page(request, rows),
            "past": past,
            "feed_url": request.build_absolute_uri(feed),
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


def _session_page(request, network, session, comment_form=None):
    user = request.user
    registered_count = session.registrations.filter(status=Registration.Status.REGISTERED).count()
    mine = None
    position = None
    if user.is_authenticated:
        mine = session.registrations.filter(user=user).first()
        position = mine and services.waiting_position(mine)
    is_organiser = services.may_edit(session, user)
    manages = services.may_manage(session, user)
    may_see_materials = services.may_see_materials(session, user)
    is_member = access.can_contribute(user, network)
    return render(
        request,
        "knowledge/session.html",
        {
            "network": network,
            "session": session,
            "in_credits": session.price_kind == Session.Price.CREDITS,
            "has_started": session.starts_at <= timezone.now(),
            "registered_count": registered_count,
            "places_left": (
                None if session.capacity is None else max(session.capacity - registered_count, 0)
            ),
            "is_over": session.ends_at <= timezone.now(),
            "mine": mine if mine and mine.status != Registration.Status.CANCELLED else None,
            "position": position,
            "is_organiser": is_organiser,
            "is_owner": is_organiser,
            "registrations": _registration_rows(session) if manages else None,
            "may_see_materials": may_see_materials,
            "attachments": session.attachments.all() if may_see_materials else [],
            "tags": session.tags.all(),
            "comments": session.comments.select_related("author"),
            "comment_form": comment_form or (CommentForm() if is_member else None),
            "following": _is_following(request, session=session),
            "attachment_form": AttachmentForm(),
        },
    )


def _registration_rows(session) -> list[dict]:
    """Registered people first, then the waiting list with each person's position."""
    rows = []
    position = 0
    registrations = (
        session.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )
    for registration in registrations:
        waiting = registration.status == Registration.Status.WAITLISTED
        position += waiting
        rows.append({"registration": registration, "position": position if waiting else None})
    return rows


def _session_or_404(request, network, session_id: int) -> Session:
    return get_object_or_404(
        _visible(Session, request, network).select_related("author", "network"), pk=session_id
    )


@network_view("view")
def session(request, network, session_id: int):
    return _session_page(request, network, _session_or_404(request, network, session_id))


@login_required
@network_view("contribute")
def session_new(request, network):
    form = SessionForm(
        network,
        request.POST or None,
        user=request.user,
        payee_options=services.payee_options(network, request.user),
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            session = services.create_session(network, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("Your session is announced."))
            return redirect(_item_url(session))
    return render(request, "knowledge/session_form.html", {"network": network, "form": form})


@login_required
@network_view("view")
def session_edit(request, network, session_id: int):
    session = _editable_or_404(Session, request, network, session_id)
    form = SessionForm(
        network,
        request.POST or None,
        instance=session,
        user=request.user,
        payee_options=services.payee_options(network, session.author),
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_session(session, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("Your changes are saved."))
            return redirect(_item_url(session))
    return render(
        request,
        "knowledge/session_form.html",
        {"network": network, "form": form, "session": session},
    )


@require_POST
@login_required
@network_view("view")
def session_register(request, network, session_id: int):
    session = _session_or_404(request, network, session_id)
    with refusals(request) as refused:
        registration = services.register(session, by=request.user)
    if not refused:
        if registration.status == Registration.Status.REGISTERED and registration.paid_credits:
            messages.success(
                request,
                _("You are registered and paid %(amount)s. See you there!")
                % {"amount": format_amount(registration.paid_credits, network.unit)},
            )
        elif registration.status == Registration.Status.REGISTERED:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.warning(
                request,
                _(
                    "This session is full. You are number %(position)s on the waiting list; "
                    "you will get an e-mail when a place becomes free."
                )
                % {"position": services.waiting_position(registration)},
            )
    return redirect(_item_url(session))


@require_POST
@login_required
@network_view("view")
def session_cancel(request, network, session_id: int):
    session = _session_or_404(request, network, session_id)
    mine = session.registrations.filter(user=request.user).first()
    refund = services.refund_due(mine, session) if mine else 0
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Cancel your registration for “%(title)s”?") % {"title": session.title},
            explanation=_cancel_explanation(network, mine, refund),
            button=_("Cancel my registration"),
            cancel_url=_item_url(session),
        )
    with refusals(request) as refused:
        services.cancel_registration(session, by=request.user)
    if not refused:
        if refund:
            messages.success(
                request,
                _("Your registration is cancelled; %(amount)s is refunded to your account.")
                % {"amount": format_amount(refund, network.unit)},
            )
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect(_item_url(session))


def _cancel_explanation(network, mine, refund: int) -> str:
    """What cancelling does: the place goes to the next, and a payment comes back before
    the start."""
    text = _("If the session is full, your place goes to the next on the waiting list.")
    if mine is None or not mine.paid_credits or mine.status != Registration.Status.REGISTERED:
        return text
    amount = format_amount(mine.paid_credits, network.unit)
    if refund:
        more = _("The %(amount)s you paid is refunded.") % {"amount": amount}
    else:
        more = _("The session has started: the %(amount)s you paid is not refunded.") % {
            "amount": amount
        }
    return f"{text} {more}"


@require_POST
@login_required
@network_view("view")
def session_attendance(request, network, session_id: int):
    session = _session_or_404(request, network, session_id)
    registered = session.registrations.filter(status=Registration.Status.REGISTERED).values_list(
        "user_id", flat=True
    )
    form = AttendanceForm(list(registered), request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick only people who are registered."))
        return redirect(_item_url(session))
    with refusals(request) as refused:
        count = services.record_attendance(
            session, by=request.user, user_ids=form.cleaned_data["attended"]
        )
    if not refused:
        messages.success(
            request, _("Attendance saved: %(count)s people attended.") % {"count": count}
        )
    return redirect(_item_url(session))


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@network_view("view")
def session_ics(request, network, session_id: int):
    session = _session_or_404(request, network, session_id)
    content = feeds.session_calendar(session, request.build_absolute_uri(_item_url(session)))
    return _ics_response(content, f"session-{session.pk}.ics")


# -- comments and follows ----------------------------------------------------------


@require_POST
@login_required
@network_view("view")
def comment_add(request, network):
    item = _item_ref(request, network, {"article", "session"})
    form = CommentForm(request.POST)
    if form.is_valid():
        with refusals(form=form) as refused:
            comment = services.add_comment(item, by=request.user, body=form.cleaned_data["body"])
        if not refused:
            messages.success(request, _("Your comment is placed."))
            return redirect(f"{_item_url(item)}#comment-{comment.pk}")
    if isinstance(item, Article):
        return _article_page(request, network, item, comment_form=form)
    return _session_page(request, network, item, comment_form=form)


@require_POST
@login_required
@network_view("view")
def follow(request, network):
    item = _item_ref(request, network, {"article", "question", "session"})
    following = request.POST.get("following", "1") != "0"
    with refusals(request) as refused:
        services.follow(item, by=request.user, following=following)
    if not refused:
        messages.success(
            request,
            _("You follow this: new answers and comments arrive by e-mail.")
            if following
            else _("You no longer follow this."),
        )
    return redirect(_item_url(item))


# -- attachments -------------------------------------------------------------------


@require_POST
@login_required
@network_view("view")
def attachment_add(request, network):
    item = _item_ref(request, network, {"article", "question", "session"})
    too_large = uploads.refusal(request)
    if too_large is not None:  # stopped while it arrived: larger than allowed
        messages.error(request, too_large.message)
        return redirect(_item_url(item))
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(_item_url(item))
    with refusals(request) as refused:
        attachment = services.add_attachment(
            item, by=request.user, upload=form.cleaned_data["file"]
        )
    if not refused:
        messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.name})
    return redirect(_item_url(item))


def _attachments(request, network):
    """Attachments of the items in `network` that the user may see (sessions: their materials
    are checked per file by `services.may_download`)."""
    return Attachment.objects.select_related(
        "article__network", "question__network", "session__network"
    ).filter(
        Q(article__in=_visible(Article, request, network))
        | Q(question__in=_visible(Question, request, network))
        | Q(session__in=_visible(Session, request, network))
    )


@network_view("view")
def attachment(request, network, attachment_id: int):
    attachment = get_object_or_404(_attachments(request, network), pk=attachment_id)
    if not services.may_download(attachment, request.user):
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@network_view("view")
def attachment_delete(request, network, attachment_id: int):
    attachment = get_object_or_404(_attachments(request, network), pk=attachment_id)
    item = attachment.item
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Remove the file “%(name)s”?") % {"name": attachment.name},
            button=_("Remove"),
            cancel_url=_item_url(item),
        )
    with refusals(request) as refused:
        services.delete_attachment(attachment, by=request.user)
    if not refused:
        messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.name})
    return redirect(_item_url(item))
