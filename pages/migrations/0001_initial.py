import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("pages", "SitePage")
    SitePage.objects.get_or_create(kind="redaksi", defaults={"title": "Redaksi"})
    SitePage.objects.get_or_create(
        kind="pedoman-media-siber", defaults={"title": "Pedoman Pemberitaan Media Siber"}
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="SitePage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("redaksi", "Redaksi"), ("pedoman-media-siber", "Pedoman Pemberitaan Media Siber")], max_length=30, unique=True, verbose_name="halaman")),
                ("title", models.CharField(max_length=200, verbose_name="judul")),
                ("body", models.TextField(blank=True, help_text="Untuk Pedoman: teks pedoman yang berlaku di redaksi ini.", verbose_name="isi")),
                ("company_name", models.CharField(blank=True, max_length=200, verbose_name="nama perusahaan pers")),
                ("address", models.TextField(blank=True, verbose_name="alamat redaksi")),
                ("contact", models.TextField(blank=True, help_text="Telepon, surel, dan cara menyampaikan hak jawab.", verbose_name="kontak")),
                ("person_in_charge", models.CharField(blank=True, max_length=200, verbose_name="penanggung jawab")),
                ("editorial_staff", models.TextField(blank=True, help_text="Satu baris per orang: 'Jabatan: Nama', misalnya 'Pemimpin Redaksi: ...'.", verbose_name="susunan redaksi")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diperbarui")),
                ("updated_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="diperbarui oleh")),
            ],
            options={"verbose_name": "halaman situs", "verbose_name_plural": "halaman situs", "ordering": ["kind"]},
        ),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
