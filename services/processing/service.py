"""gRPC ProcessingService: each call is one event of the processing topic."""
from __future__ import annotations

import grpc

from motcua.commandside import CommandHandler
from motcua.v1 import processing_pb2_grpc

FULL_NAME = "motcua.v1.ProcessingService"


class ProcessingServicer(processing_pb2_grpc.ProcessingServiceServicer):
    def __init__(self, handler: CommandHandler) -> None:
        self.handler = handler

    async def RequestSupplement(self, request, context):
        return await self.handler.accept(request, context)

    async def ReceiveSupplement(self, request, context):
        return await self.handler.accept(request, context)

    async def ResolveDossier(self, request, context):
        return await self.handler.accept(request, context)

    async def WithdrawDossier(self, request, context):
        return await self.handler.accept(request, context)

    async def SubmitBatch(self, request, context):
        return await self.handler.submit_batch(request, context)


def register(server: grpc.aio.Server, handler: CommandHandler) -> list[str]:
    processing_pb2_grpc.add_ProcessingServiceServicer_to_server(ProcessingServicer(handler), server)
    return [FULL_NAME]
