"""Admin: configuration only.

django-otp registers its devices in the admin. A beheerder must not be able to read anyone's
TOTP secret or QR code (that would let them pass someone else's second factor), so those
models are taken out of the admin; a user sets up their own app at login.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
