"""gRPC IntakeService: each call is one event of the intake topic."""
from __future__ import annotations

from motcua.commandside import CommandHandler
from motcua.v1 import intake_pb2_grpc

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
