"""gRPC ReferenceService: the departments, fields and procedures the command services validate against."""
from __future__ import annotations

import grpc

from motcua.auth import Credentials
from motcua.catalog import Catalog, Procedure
from motcua.grpc_runtime import abort_invalid
from motcua.v1 import reference_pb2 as ref
from motcua.v1 import reference_pb2_grpc

FULL_NAME = "motcua.v1.ReferenceService"


def _procedure(p: Procedure) -> ref.Procedure:
    return ref.Procedure(code=p.code, department=p.department, field=p.field, name=p.name,
                         processing_days=p.processing_days, fee_vnd=p.fee_vnd)


class ReferenceServicer(reference_pb2_grpc.ReferenceServiceServicer):
    def __init__(self, catalog: Catalog, credentials: Credentials) -> None:
        self.catalog, self.credentials = catalog, credentials

    async def _known_department(self, code: str, context) -> None:
        if code and self.catalog.department(code) is None:
            await abort_invalid(context, [("department", f"{code[:40]!r} is not a department of the catalog")])

    async def ListDepartments(self, request, context):
        return ref.ListDepartmentsResponse(departments=[
            ref.Department(code=d.code, name=d.name, short_name=d.short_name) for d in self.catalog.departments])

    async def ListFields(self, request, context):
        await self._known_department(request.department, context)
        codes = [request.department] if request.department else [d.code for d in self.catalog.departments]
        return ref.ListFieldsResponse(fields=[
            ref.Field(department=code, name=name,
                      procedures=sum(p.field == name for p in self.catalog.procedures_of(code)))
            for code in codes for name in self.catalog.fields(code)])

    async def ListProcedures(self, request, context):
        await self._known_department(request.department, context)
        return ref.ListProceduresResponse(procedures=[
            _procedure(p) for p in self.catalog.procedures
            if request.department in ("", p.department) and request.field in ("", p.field)])

    async def GetProcedure(self, request, context):
        procedure = self.catalog.procedure(request.code)
        if procedure is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"procedure {request.code[:40]!r} is not in the catalog")
        return _procedure(procedure)

    async def WhoAmI(self, request, context):
        principal = self.credentials.principal(context.invocation_metadata())
        if principal is None:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a bearer token is required")
        return ref.Caller(principal=principal.name, scope=principal.scope, department=principal.department)
