from survey.service import FULL_NAME, SurveyServicer
from motcua.commandside import run
from motcua.v1.survey_pb2_grpc import add_SurveyServiceServicer_to_server

run("survey", add_SurveyServiceServicer_to_server, SurveyServicer, FULL_NAME)
