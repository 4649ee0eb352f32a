import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretHasher } from '../../common/security/secret-hasher';
import type { AppConfig } from '../../config/app-config';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { UsersModule } from '../users';
import { ApiTokenStrategy } from './api-token.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsService } from './credentials.service';
import { jwtModuleOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { LiveCredentials } from './live-credentials';
import { LoginAttempts } from './login-attempts';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';

/**
 * Sign-up, sign-in, refresh sessions and the Passport strategies behind the global authentication guard. Exports
 * CredentialsService for other doors (the socket handshake).
 */
@Module({
  imports: [
    UsersModule,
    ApiTokensModule,
    PassportModule,
    TypeOrmModule.forFeature([SessionEntity]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => jwtModuleOptions(config.get('auth.jwtSecret', { infer: true }), config.get('auth.accessTtlSeconds', { infer: true })),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SessionsRepository, SecretHasher, CredentialsService, LiveCredentials, LoginAttempts, JwtStrategy, ApiTokenStrategy],
  exports: [CredentialsService],
})
export class AuthModule {}
