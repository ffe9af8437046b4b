from django.contrib import admin

from baken.kennis.models import Catalogus, Dimensie, Domein, Indicator, Uitbuitingsvorm

admin.site.register(Catalogus, list_display=("versie", "geladen_op"))
admin.site.register(Uitbuitingsvorm)
admin.site.register(Domein)
admin.site.register(Dimensie, list_display=("naam", "groep"))
admin.site.register(Indicator, list_display=("code", "tekst", "dimensie", "sterkte", "catalogus"))
