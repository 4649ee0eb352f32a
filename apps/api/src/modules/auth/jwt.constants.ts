export const JWT_ISSUER = 'contrivance';
export const JWT_AUDIENCE = 'contrivance-api';
