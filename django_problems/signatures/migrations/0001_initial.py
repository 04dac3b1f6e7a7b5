import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('django_problems_api_keys', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SigningKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_key', models.CharField(help_text="Ed25519 public key (base64 of the 32 raw bytes, or PEM) that verifies this key's signed requests.", max_length=200, verbose_name='public key')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('api_key', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='signing_key', to='django_problems_api_keys.apikey', verbose_name='API key')),
            ],
            options={
                'verbose_name': 'signing key',
                'verbose_name_plural': 'signing keys',
            },
        ),
    ]
