"""Attachments survive a failed submit. A form with file fields that fails on
another field keeps each accepted file as a KeptUpload and sends back its token in a
hidden `<field>__kept` input, telling the user the file is kept; submitted again
without a new file, the form takes the kept one as if it had just been uploaded
(and checks it again like any upload)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import uuid
from datetime import timedelta

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from .models import KeptUpload

KEPT_FOR = timedelta(days=1)


def _kept_name(name: str) -> str:
    return f"{name}__kept"


def _tokens(text: str) -> list[uuid.UUID]:
    tokens = []
    for part in (text or "").split(","):
        try:
            tokens.append(uuid.UUID(part.strip()))
        except ValueError:
            continue
    return tokens


def _reopen(upload: KeptUpload) -> UploadedFile:
    with upload.file.open("rb") as stored:
        return SimpleUploadedFile(upload.original_name, stored.read(), upload.content_type)


def _keep(upload: UploadedFile) -> KeptUpload:
    upload.seek(0)
    kept = KeptUpload(original_name=(upload.name or "文件")[-200:], content_type=upload.content_type or "")
    kept.file.save(upload.name or "file", upload, save=False)
    kept.save()
    upload.seek(0)
    return kept


def forget_old_uploads() -> None:
    for old in KeptUpload.objects.filter(created_at__lt=timezone.now() - KEPT_FOR):
        old.file.delete(save=False)
        old.delete()


class KeepUploadsMixin(forms.BaseForm if TYPE_CHECKING else object):  # the form it joins, for the type checker
    """For forms with FileFields (single or multiple). Put it before the form class."""

    # Replaced on a bound form: the kept files join the submitted ones.
    files: Any
    data: Any

    def _file_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    _cleaning = False

    def full_clean(self) -> None:
        if self.is_bound:
            self._take_back_kept_files()
        self._cleaning = True
        try:
            super().full_clean()
        finally:
            self._cleaning = False
        if self.is_bound and self._errors:
            self._keep_accepted_files()

    def add_error(self, field, error) -> None:
        """An error the view adds after cleaning (an action's refusal) fails the
        submit as well: keep the files then too."""
        super().add_error(field, error)
        if not self._cleaning and self.is_bound:
            self._keep_accepted_files()

    def _take_back_kept_files(self) -> None:
        self._reopened: dict[str, list[KeptUpload]] = {}  # field → the kept files it took back
        files = (
            self.files.copy() if isinstance(self.files, MultiValueDict) else MultiValueDict({name: [upload] for name, upload in self.files.items()})
        )
        for name in self._file_fields():
            key = self.add_prefix(name)
            if any(files.getlist(key)):
                continue  # a new choice replaces the kept file
            fresh = timezone.now() - KEPT_FOR
            kept = list(KeptUpload.objects.filter(token__in=_tokens(self.data.get(_kept_name(key), "")), created_at__gte=fresh).order_by("pk"))
            if kept:
                files.setlist(key, [_reopen(upload) for upload in kept])
                self._reopened[name] = kept
        self.files = files

    def _keep_accepted_files(self) -> None:
        forget_old_uploads()
        reopened = getattr(self, "_reopened", {})
        data = self.data.copy()
        for name in self._file_fields():
            key = self.add_prefix(name)
            if _kept_name(name) in self.fields:
                continue  # kept already (a second error on the same submit)
            uploads = [upload for upload in self.files.getlist(key) if upload]
            if not uploads or name in self._errors:
                data.pop(_kept_name(key), None)  # a refused file is not offered again
                continue
            kept = reopened.get(name) or [_keep(upload) for upload in uploads]
            data[_kept_name(key)] = ",".join(str(k.token) for k in kept)
            field = self.fields[name]
            names = "、".join(f"「{k.original_name}」" for k in kept)
            field.required = False  # so the page does not ask for it again
            field.help_text = f"已保留上次选择的{names}，无需重新选择；如需更换，请重新选择文件"
            self._bound_fields_cache.pop(name, None)  # a bound field copies the help text when made
            self.fields[_kept_name(name)] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.data = data
