import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthResponse } from '@contrivance/contracts';
import { Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorBodySchema, HealthResponseSchema } from '../../openapi/schemas';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process is up and serving' })
  @ApiOkResponse({ schema: HealthResponseSchema })
  live(): HealthResponse {
    return { status: 'ok', checks: {} };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ schema: HealthResponseSchema })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down', schema: ErrorBodySchema })
  async ready(): Promise<HealthResponse> {
    try {
      await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch {
      throw DomainError.serviceUnavailable('Database is not reachable', [{ field: 'database', message: 'down' }]);
    }
    return { status: 'ok', checks: { database: { status: 'up' } } };
  }
}
