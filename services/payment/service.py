"""gRPC PaymentService: each call is one event of the payment topic."""
from __future__ import annotations

import grpc

from motcua.commandside import CommandHandler
from motcua.v1 import payment_pb2_grpc

FULL_NAME = "motcua.v1.PaymentService"


class PaymentServicer(payment_pb2_grpc.PaymentServiceServicer):
    def __init__(self, handler: CommandHandler) -> None:
        self.handler = handler

    async def CompletePayment(self, request, context):
        return await self.handler.accept(request, context)

    async def SubmitBatch(self, request, context):
        return await self.handler.submit_batch(request, context)


def register(server: grpc.aio.Server, handler: CommandHandler) -> list[str]:
    payment_pb2_grpc.add_PaymentServiceServicer_to_server(PaymentServicer(handler), server)
    return [FULL_NAME]
