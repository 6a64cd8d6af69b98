"""gRPC SurveyService: each call is one event of the survey topic."""
from __future__ import annotations

import grpc

from motcua.commandside import CommandHandler
from motcua.v1 import survey_pb2_grpc

FULL_NAME = "motcua.v1.SurveyService"


class SurveyServicer(survey_pb2_grpc.SurveyServiceServicer):
    def __init__(self, handler: CommandHandler) -> None:
        self.handler = handler

    async def SubmitSurvey(self, request, context):
        return await self.handler.accept(request, context)

    async def ReceiveFeedback(self, request, context):
        return await self.handler.accept(request, context)

    async def ResolveFeedback(self, request, context):
        return await self.handler.accept(request, context)

    async def SubmitBatch(self, request, context):
        return await self.handler.submit_batch(request, context)


def register(server: grpc.aio.Server, handler: CommandHandler) -> list[str]:
    survey_pb2_grpc.add_SurveyServiceServicer_to_server(SurveyServicer(handler), server)
    return [FULL_NAME]
