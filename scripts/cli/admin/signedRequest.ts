/**
 * SigV4 for the admin API: the request signed with the caller's AWS credentials for API Gateway
 * (`execute-api`), by @smithy/signature-v4, the AWS SDK's own signer. The path is signed as it is
 * sent (percent-encoded); the signer encodes it once more, as SigV4 wants for every service but S3.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export const apiGatewayService = 'execute-api';

export interface RequestToSign {
  method: string;
  url: URL;
  /** The exact body sent; empty for none. */
  body: string;
  headers: Record<string, string>;
}

export interface SigningContext {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now?: Date;
  service?: string;
}

/** The caller's credentials the way the AWS CLI finds them: environment, profile, SSO, instance role… */
export const callerCredentials = (): AwsCredentialIdentityProvider => defaultProvider();

const queryOf = (url: URL): Record<string, string | string[]> => {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
};

/** The headers to send: the request's own plus host, x-amz-date, x-amz-content-sha256, the session token if any, and Authorization. */
export const signRequest = async (request: RequestToSign, { region, credentials, now = new Date(), service = apiGatewayService }: SigningContext): Promise<Record<string, string>> => {
  const signer = new SignatureV4({ service, region, credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port === '' ? {} : { port: Number(request.url.port) }),
      path: request.url.pathname,
      query: queryOf(request.url),
      headers: { ...request.headers, host: request.url.host },
      ...(request.body === '' ? {} : { body: request.body }),
    },
    { signingDate: now },
  );
  return signed.headers;
};
