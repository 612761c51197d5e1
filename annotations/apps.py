from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self) -> None:
        # The corpus asks its hooks; this app answers them (the dependency points one way).
        from annotations.hooks import hooks_install

        hooks_install()
