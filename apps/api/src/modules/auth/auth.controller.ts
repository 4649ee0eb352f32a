import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { LoginDto, RefreshTokenDto, RegisterDto, type AuthResponse, type ValidateResponse } from '@contrivance/contracts';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { AuthRateLimited, CurrentUser, Public } from '../../common/auth/auth.decorators';
import { ApiBodyDto } from '../../openapi/dto-schemas';
import { AuthResponseSchema, ErrorBodySchema, ValidateResponseSchema } from '../../openapi/schemas';
import { AuthService, type ClientInfo } from './auth.service';

const clientOf = (req: Request): ClientInfo => ({ userAgent: req.get('user-agent'), ip: req.ip });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @AuthRateLimited()
  @ApiOperation({ summary: 'Create an account and sign in (the first account becomes admin)' })
  @ApiConflictResponse({ description: 'An account with this email already exists', schema: ErrorBodySchema })
  @ApiBodyDto(RegisterDto)
  @ApiCreatedResponse({ schema: AuthResponseSchema })
  register(@Body() body: RegisterDto, @Req() req: Request): Promise<AuthResponse> {
    return this.auth.register(body, clientOf(req));
  }

  @Post('login')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiBodyDto(LoginDto)
  @ApiOkResponse({ schema: AuthResponseSchema })
  @ApiUnauthorizedResponse({ description: 'Incorrect email or password (the same answer for both)', schema: ErrorBodySchema })
  @ApiForbiddenResponse({ description: 'The password is right but an admin has deactivated the account', schema: ErrorBodySchema })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<AuthResponse> {
    return this.auth.login(body, clientOf(req));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; the old one is spent (reusing it ends the session)' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, spent or revoked refresh token', schema: ErrorBodySchema })
  @ApiBodyDto(RefreshTokenDto)
  @ApiOkResponse({ schema: AuthResponseSchema })
  refresh(@Body() body: RefreshTokenDto, @Req() req: Request): Promise<AuthResponse> {
    return this.auth.refresh(body.refreshToken, clientOf(req));
  }

  @Get('validate')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The account behind the presented credentials' })
  @ApiOkResponse({ schema: ValidateResponseSchema })
  validate(@CurrentUser() actor: AuthUser): Promise<ValidateResponse> {
    return this.auth.validate(actor);
  }

  @Post('logout')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token' })
  @ApiBodyDto(RefreshTokenDto)
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentUser() actor: AuthUser, @Body() body: RefreshTokenDto): Promise<void> {
    return this.auth.logout(actor, body.refreshToken);
  }
}
