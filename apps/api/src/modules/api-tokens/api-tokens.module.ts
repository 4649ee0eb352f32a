import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretHasher } from '../../common/security/secret-hasher';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';

/** Personal API tokens for integrations. Exports ApiTokensService for authentication. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiTokenEntity])],
  controllers: [ApiTokensController],
  providers: [ApiTokensService, ApiTokensRepository, SecretHasher],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
