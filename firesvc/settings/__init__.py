"""Settings per environment: ``local`` (embedded defaults), ``test``, ``production``.

Every value comes from the environment (see ``env.py``); the module to use is named
explicitly through ``DJANGO_SETTINGS_MODULE``, never guessed from ``sys.argv``.
"""
