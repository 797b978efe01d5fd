"""Models of the `cluster` API group (catalogue group `cluster`)."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class ServerImage:
    """An OS image for 3rd-generation (KVM) nodes (`getClusterServerImageList`).

    The response's `order` field is documented as not for users and is not exposed.
    """

    server_image_no: int
    software_product_code: str
    server_name: str


@attrs.frozen(kw_only=True)
class ServerGeneration:
    """A hypervisor / server generation pair (`getServerGenerationList`), e.g. KVM / G3."""

    hypervisor_code: str
    generation_code: str


@attrs.frozen(kw_only=True)
class KafkaVersion:
    """A CDSS (Kafka) version (`getCDSSVersionList`).

    `kafka_version_code` is a string in responses; requests that take it send it as is.
    `cmak_version_name` is deprecated by NCP (CMAK was removed) and may be absent.
    """

    kafka_version_code: str
    application_version_name: str
    kafka_version_name: str
    cmak_version_name: str | None = None
