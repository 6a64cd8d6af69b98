from processing.service import FULL_NAME, ProcessingServicer
from motcua.commandside import run
from motcua.v1.processing_pb2_grpc import add_ProcessingServiceServicer_to_server

run("processing", add_ProcessingServiceServicer_to_server, ProcessingServicer, FULL_NAME)
