import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../common/auth/auth.decorators';
import { buildAsyncApiDocument } from './asyncapi-document';

/** The real-time protocol as an AsyncAPI 3 document, for integrators (no sign-in, like the OpenAPI document). */
@Public()
@ApiExcludeController()
@Controller('api')
export class AsyncApiController {
  private readonly document = buildAsyncApiDocument();

  @Get('asyncapi.json')
  get(): Record<string, unknown> {
    return this.document;
  }
}
