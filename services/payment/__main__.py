from payment.service import FULL_NAME, PaymentServicer
from motcua.commandside import run
from motcua.v1.payment_pb2_grpc import add_PaymentServiceServicer_to_server

run("payment", add_PaymentServiceServicer_to_server, PaymentServicer, FULL_NAME)
