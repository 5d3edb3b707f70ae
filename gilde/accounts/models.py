"""People, organisations, the shared tag vocabulary, and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from gilde.core import access
from gilde.core.search import fold

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]


class Region(models.TextChoices):
    GRONINGEN = "groningen", "Groningen"
    FRIESLAND = "friesland", "Friesland"
    DRENTHE = "drenthe", "Drenthe"
    OVERIJSSEL = "overijssel", "Overijssel"
    FLEVOLAND = "flevoland", "Flevoland"
    GELDERLAND = "gelderland", "Gelderland"
    UTRECHT = "utrecht", "Utrecht"
    NOORD_HOLLAND = "noord-holland", _("North Holland")
    ZUID_HOLLAND = "zuid-holland", _("South Holland")
    ZEELAND = "zeeland", "Zeeland"
    NOORD_BRABANT = "noord-brabant", _("North Brabant")
    LIMBURG = "limburg", "Limburg"
    GERMANY = "duitsland", _("Germany")
    ELSEWHERE = "elders", _("Elsewhere")


@deconstructible
class upload_name:  # noqa: N801 - used like a function in field definitions
    """Stored file names are generated; only the extension of the upload survives."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = Path(filename).suffix.lower().lstrip(".")
        ext = ext if ext in IMAGE_EXTENSIONS else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, upload_name) and other.folder == self.folder


photo_upload_to = upload_name("photos")
logo_upload_to = upload_name("logos")


def validate_image_size(upload) -> None:
    limit = settings.UPLOAD_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The image is too large: at most %(size)s MB.") % {"size": limit // (1024 * 1024)}
        )


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_size]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        # the manager's model is User; the stubs type it as the generic _T.
        user.set_password(password)  # type: ignore[attr-defined]
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        """A site admin made on the server (`createsuperuser`): their address counts as verified."""
        from allauth.account.models import EmailAddress

        fields.update(is_staff=True, is_superuser=True)
        user = self.create_user(email, password, **fields)
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail; the profile lives here too, one row per person."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=photo_upload_to, blank=True, validators=image_validators
    )
    headline = models.CharField(
        _("headline"),
        max_length=160,
        blank=True,
        help_text=_("One line about what you do, e.g. 'Process engineer biocomposites'."),
    )
    bio = models.TextField(_("about me"), blank=True, max_length=4000)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("For example: Dutch, English")
    )
    availability_hours = models.PositiveSmallIntegerField(
        _("availability (hours a month)"), null=True, blank=True
    )
    # the through model is a string reference the plugin cannot resolve here.
    organisations = models.ManyToManyField(  # type: ignore[var-annotated]
        "Organisation", through="Affiliation", related_name="people", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The language the person reads Gilde in; their mail is written in it too.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    # Django reads REQUIRED_FIELDS on the class; the stubs declare it a ClassVar.
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def display_name(self) -> str:
        """The name others see; never (a part of) the e-mail address, which is not theirs to see."""
        return self.name.strip() or str(_("Member without a name"))

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p[:1].isalpha()]
        return "".join(p[0] for p in parts[:1] + parts[-1:]).upper() if parts else "?"


kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly eight digits."))


class OrganisationQuerySet(models.QuerySet):
    def represented_by(self, user):
        """Organisations `user` is a confirmed person of: shown as theirs, theirs to act for."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(affiliations__user=user)

    def editable_by(self, user):
        """Organisations whose details `user` may change: their confirmed ones; site admins all."""
        if access.is_site_admin(user):
            return self.all()
        return self.represented_by(user)


class Organisation(models.Model):
    """A company, school or institution that people belong to."""

    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[kvk_validator]
    )
    website = models.URLField(_("website"), blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    logo = models.ImageField(
        _("logo"), upload_to=logo_upload_to, blank=True, validators=image_validators
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=~models.Q(kvk_number=""),
                name="organisation_kvk_unique",
                violation_error_message=_("Another organisation has this KvK number."),
            ),
            models.CheckConstraint(
                condition=models.Q(kvk_number="") | models.Q(kvk_number__regex=r"^[0-9]{8}$"),
                name="organisation_kvk_eight_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    """A person works at (or for) an organisation, and that is confirmed.

    Only confirmed links are Affiliations: the person who registers an
    organisation gets one, and so does someone whose claim (OrganisationClaim)
    a confirmed person of the organisation, or a site admin, accepts. So every
    reader of `user.affiliations`, `user.organisations` and
    `organisation.people` (person pages, directories, search) sees confirmed
    people only; typing a KvK number gives no hold on an organisation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="affiliation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class OrganisationClaimQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=OrganisationClaim.Status.PENDING)

    def decidable_by(self, user):
        """Claims `user` may accept or refuse: on organisations they are a confirmed person of.

        Site admins may decide every claim (they are asked when an organisation
        has no confirmed people). Nobody decides their own claim.
        """
        if user is None or not user.is_authenticated:
            return self.none()
        claims = self.exclude(user=user)
        if access.is_site_admin(user):
            return claims
        return claims.filter(organisation__affiliations__user=user)


class OrganisationClaim(models.Model):
    """Someone says they work at an organisation that is already in Gilde.

    Until it is accepted a claim gives no hold on the organisation: the claimant
    is not shown as one of its people, cannot edit it and cannot act on its
    behalf. Accepting creates the Affiliation; a refused claim stays as history
    (and keeps the same person from asking again at once).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_claims")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = OrganisationClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation claim")
        verbose_name_plural = _("organisation claims")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="organisation_claim_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.status})"


def normalise_tag(name: str) -> str:
    return " ".join(name.split()).strip()


def fold_tag(name: str) -> str:
    """A tag's name as it is compared and sorted: lower case, without diacritics.

    "Coöperatie", "coöperatie" and "cooperatie" fold to the same key, so they are
    one tag; the vocabulary sorts by it, the Dutch way (case- and accent-blind).
    """
    return fold(normalise_tag(name))


class TagQuerySet(models.QuerySet):
    def resolve(self, name: str) -> Tag | None:
        """The tag `name` means: by its own name, slug or one of its synonyms, folded."""
        name = normalise_tag(name)
        if not name:
            return None
        key = fold_tag(name)
        tag = self.filter(
            models.Q(folded=key) | models.Q(name__iexact=name) | models.Q(slug=slugify(name))
        ).first()
        if tag:
            # first() on a Tag queryset is a Tag or None.
            return tag  # type: ignore[return-value]
        alias = (
            TagSynonym.objects.select_related("tag")
            .filter(models.Q(folded=key) | models.Q(name__iexact=name))
            .first()
        )
        return alias.tag if alias else None

    def get_or_create_by_name(self, name: str) -> Tag:
        # create() on this manager returns a Tag.
        return self.resolve(name) or self.create(name=normalise_tag(name))  # type: ignore[return-value]


class Tag(models.Model):
    """One word of the shared vocabulary of expertise, used by every network."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=70, unique=True)
    # fold_tag(name), kept by save(): how tags are matched and sorted.
    folded = models.CharField(max_length=60, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["folded", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci")]
        # The vocabulary is shared by every network, so looking after it is a site-level
        # role: site admins (implicitly) and the people they grant this in the admin.
        permissions = [("curate_vocabulary", "Can merge tags and add synonyms")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:70] or uuid.uuid4().hex[:12]
        self.folded = fold_tag(self.name)
        super().save(*args, **kwargs)


class TagSynonym(models.Model):
    """Another spelling of a tag: "LCA" for "levenscyclusanalyse"."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")
    name = models.CharField(_("synonym"), max_length=60)
    folded = models.CharField(max_length=60, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["folded", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_synonym_unique_ci")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold_tag(self.name)
        super().save(*args, **kwargs)


class Expertise(models.Model):
    """What a person knows, with how well they know it."""

    class Level(models.TextChoices):
        BASIC = "basis", _("basic")
        ADVANCED = "gevorderd", _("advanced")
        EXPERT = "expert", _("expert")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="expertise")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="expertise")
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.ADVANCED
    )

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        ordering = ["tag__name"]
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="expertise_unique")]

    def __str__(self) -> str:
        return f"{self.tag} ({self.get_level_display()})"


class ProfileItem(models.Model):
    """A short "Ik bied" (offer) or "Ik zoek" (need) line on a profile."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("I offer")
        NEED = "need", _("I am looking for")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="profile_items")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=200)
    tags = models.ManyToManyField(Tag, related_name="profile_items", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal access token for the API. Only its SHA-256 is stored."""

    PREFIX = "gilde_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
