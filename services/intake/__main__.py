from intake.service import FULL_NAME, IntakeServicer
from motcua.commandside import run
from motcua.v1.intake_pb2_grpc import add_IntakeServiceServicer_to_server

run("intake", add_IntakeServiceServicer_to_server, IntakeServicer, FULL_NAME)
