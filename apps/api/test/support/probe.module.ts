import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../src/common/auth/auth.decorators';

class ProbeItem {
  @IsString()
  label: string;
}

export class ProbeDto {
  @IsString()
  @MaxLength(20)
  name: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeItem)
  item?: ProbeItem;
}

/**
 * Test-only routes that exercise the global wiring (validation pipe, error filter) the way feature routes will.
 * Mounted only by e2e specs through `bootApp(..., [ProbeModule])`.
 */
@Public()
// Test-only: not part of the public API, so not in its document (which names every operation it has).
@ApiExcludeController()
@Controller('api/test-probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('echo')
  echo(@Body() body: ProbeDto): { received: ProbeDto; isInstance: boolean } {
    return { received: body, isInstance: body instanceof ProbeDto };
  }

  @Get('crash')
  crash(): never {
    const error = new Error('SELECT password_hash FROM users WHERE id = 42');
    error.stack = `${error.message}\n    at /srv/app/secret/path.ts:1:1`;
    throw error;
  }

  @Get('db-down')
  dbDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
  }

  @Get('bad-sql')
  async badSql(): Promise<unknown> {
    return this.dataSource.query('SELECT secret_column FROM no_such_table WHERE token = $1', ['tok_abc']);
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
