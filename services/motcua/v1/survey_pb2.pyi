from motcua.v1 import commands_pb2 as _commands_pb2
from motcua.v1 import events_pb2 as _events_pb2
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor
