"""gRPC IntakeService: each call is one event of the intake topic. Intake also answers the
ReferenceService: the catalog its validation uses."""
from __future__ import annotations

import grpc

from intake.reference import FULL_NAME as REFERENCE_NAME
from intake.reference import ReferenceServicer
from motcua.commandside import CommandHandler
from motcua.v1 import intake_pb2_grpc, reference_pb2_grpc

FULL_NAME = "motcua.v1.IntakeService"


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, handler: CommandHandler) -> None:
        self.handler = handler

    async def ReceiveDossier(self, request, context):
        return await self.handler.accept(request, context)

    async def DigitizeDossier(self, request, context):
        return await self.handler.accept(request, context)

    async def AssistAccount(self, request, context):
        return await self.handler.accept(request, context)

    async def PublishCatalogDecision(self, request, context):
        return await self.handler.accept(request, context)

    async def PublishIndex766(self, request, context):
        return await self.handler.accept(request, context)

    async def SubmitBatch(self, request, context):
        return await self.handler.submit_batch(request, context)


def register(server: grpc.aio.Server, handler: CommandHandler) -> list[str]:
    intake_pb2_grpc.add_IntakeServiceServicer_to_server(IntakeServicer(handler), server)
    reference_pb2_grpc.add_ReferenceServiceServicer_to_server(
        ReferenceServicer(handler.catalog, handler.credentials), server)
    return [FULL_NAME, REFERENCE_NAME]
