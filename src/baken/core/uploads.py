"""Checks every upload passes, whatever it is attached to (signal attachments, evidence).

The type is decided from the content, never from the name or the browser's claim; the size
limit is `BIJLAGE_MAX_BYTES`. The stored file name keeps the uploader's name but takes the
extension of the type found.
"""

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from baken.core.fouten import ServiceFout


def bestand_controleren(bestand: UploadedFile, toegestaan: Mapping[str, str]) -> Any:
    """The file's type as found in its first bytes (a `filetype` kind), or a Dutch refusal.

    `toegestaan` maps MIME types to the names shown in the message.
    """
    maximum = settings.BIJLAGE_MAX_BYTES
    if bestand.size is None or bestand.size > maximum:
        raise ServiceFout(
            f"Het bestand is te groot. Het mag hoogstens {filesizeformat(maximum)} zijn.",
            veld="bestand",
        )
    soort = filetype.guess(bestand.read(8192))
    bestand.seek(0)
    if soort is None or soort.mime not in toegestaan:
        raise ServiceFout(
            "Dit soort bestand kan niet. Toegestaan zijn: " + ", ".join(toegestaan.values()) + ".",
            veld="bestand",
        )
    return soort


def veilige_bestandsnaam(naam: str, extensie: str, *, standaard: str) -> str:
    """The uploader's name with the extension of the type found in the content.

    A PDF that also parses as HTML, uploaded as 'rapport.html', downloads as 'rapport.pdf':
    it then opens in a PDF reader, never as a web page on a colleague's machine.
    """
    stam = PurePosixPath(naam.replace("\\", "/")).name.split("\x00")[0]
    stam = "".join(t for t in stam if t.isprintable()).strip(" .")
    stam = stam.rsplit(".", 1)[0] if "." in stam else stam
    return f"{(stam or standaard)[:150]}.{extensie}"
