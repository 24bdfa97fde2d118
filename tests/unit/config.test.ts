import path from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('parseConfig accepted the environment');
}

test('an empty environment gives the documented defaults', () => {
  expect(parseConfig({})).toEqual({
    port: 3000,
    host: '127.0.0.1',
    dataDir: path.resolve('./data'),
    adminEmail: undefined,
    adminPassword: undefined,
    publicUrl: undefined,
    smtpUrl: undefined,
    mailFrom: 'ICC annual survey <no-reply@localhost>',
    secureCookies: false,
    linkExpiryDays: 90,
  });
});

test('LINK_EXPIRY_DAYS is a whole number of days from 1', () => {
  expect(parseConfig({ LINK_EXPIRY_DAYS: '30' }).linkExpiryDays).toBe(30);
  expect(configError({ LINK_EXPIRY_DAYS: '0' }).message).toMatch(/LINK_EXPIRY_DAYS: must be at least 1/);
  expect(configError({ LINK_EXPIRY_DAYS: 'soon' }).message).toMatch(/LINK_EXPIRY_DAYS/);
});

test('empty variables count as unset', () => {
  expect(parseConfig({ PORT: '', HOST: '', DATA_DIR: '', PUBLIC_URL: '' })).toMatchObject({
    port: 3000,
    host: '127.0.0.1',
    dataDir: path.resolve('./data'),
    publicUrl: undefined,
  });
});

test('the variables are read and typed', () => {
  const config = parseConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATA_DIR: '/var/lib/icc',
    ADMIN_EMAIL: 'Unit@Coe.Example',
    ADMIN_PASSWORD: 'long enough secret',
    SMTP_URL: 'smtp://user:pass@mail.example:587',
  });
  expect(config).toEqual({
    port: 8080,
    host: '0.0.0.0',
    dataDir: '/var/lib/icc',
    adminEmail: 'unit@coe.example',
    adminPassword: 'long enough secret',
    publicUrl: undefined,
    smtpUrl: 'smtp://user:pass@mail.example:587',
    mailFrom: 'ICC annual survey <no-reply@localhost>',
    secureCookies: false,
    linkExpiryDays: 90,
  });
});

test('emails come from MAIL_FROM, or from no-reply on the public host name', () => {
  expect(parseConfig({ MAIL_FROM: 'ICC Unit <icc@coe.example>' }).mailFrom).toBe('ICC Unit <icc@coe.example>');
  expect(parseConfig({ PUBLIC_URL: 'https://survey.coe.example/' }).mailFrom).toBe('ICC annual survey <no-reply@survey.coe.example>');
  expect(parseConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).mailFrom).toBe('ICC annual survey <no-reply@localhost>');
  expect(configError({ MAIL_FROM: 'nobody' }).message).toBe(
    'Invalid configuration:\n  MAIL_FROM: must be an address, optionally with a name: ICC Unit <icc@example.org>',
  );
});

test('PORT 0 means any free port', () => {
  expect(parseConfig({ PORT: '0' }).port).toBe(0);
  expect(parseConfig({ PORT: '65535' }).port).toBe(65535);
});

test('a relative DATA_DIR is resolved against the working directory', () => {
  expect(parseConfig({ DATA_DIR: 'some/dir' }).dataDir).toBe(path.join(process.cwd(), 'some/dir'));
});

test('PORT that is not a number is refused, naming PORT', () => {
  const err = configError({ PORT: 'abc' });
  expect(err.message).toBe('Invalid configuration:\n  PORT: must be a number');
});

test('PORT out of range or fractional is refused, naming PORT', () => {
  expect(configError({ PORT: '70000' }).message).toBe('Invalid configuration:\n  PORT: must be between 0 and 65535');
  expect(configError({ PORT: '-1' }).message).toBe('Invalid configuration:\n  PORT: must be between 0 and 65535');
  expect(configError({ PORT: '80.5' }).message).toBe('Invalid configuration:\n  PORT: must be an integer');
});

test('every bad variable is named at once', () => {
  const err = configError({ PORT: 'abc', PUBLIC_URL: 'not a url', SMTP_URL: 'http://mail' });
  expect(err.message.split('\n')).toEqual([
    'Invalid configuration:',
    '  PORT: must be a number',
    '  PUBLIC_URL: must be an absolute http(s) URL such as https://survey.example.org',
    '  SMTP_URL: must start with smtp:// or smtps://',
  ]);
});

test('ADMIN_EMAIL without ADMIN_PASSWORD is refused, and the other way round', () => {
  expect(configError({ ADMIN_EMAIL: 'unit@coe.example' }).message).toBe(
    'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
  );
  expect(configError({ ADMIN_PASSWORD: 'long enough secret' }).message).toBe(
    'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
  );
});

test('a bad admin email or a short admin password is refused, naming the variable', () => {
  expect(configError({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough secret' }).message).toBe(
    'Invalid configuration:\n  ADMIN_EMAIL: must be an email address',
  );
  expect(configError({ ADMIN_EMAIL: 'unit@coe.example', ADMIN_PASSWORD: 'short' }).message).toBe(
    'Invalid configuration:\n  ADMIN_PASSWORD: must be at least 10 characters',
  );
});

test('PUBLIC_URL loses its trailing slashes', () => {
  expect(parseConfig({ PUBLIC_URL: 'http://survey.example.org/' }).publicUrl).toBe('http://survey.example.org');
  expect(parseConfig({ PUBLIC_URL: 'http://survey.example.org/icc//' }).publicUrl).toBe('http://survey.example.org/icc');
});

test('an https PUBLIC_URL makes cookies Secure; http does not', () => {
  expect(parseConfig({ PUBLIC_URL: 'https://survey.example.org/' }).secureCookies).toBe(true);
  expect(parseConfig({ PUBLIC_URL: 'http://survey.example.org' }).secureCookies).toBe(false);
});

test('ConfigError is an Error', () => {
  expect(configError({ PORT: 'abc' })).toBeInstanceOf(Error);
});

test('an https PUBLIC_URL written in capitals makes cookies Secure too', () => {
  expect(parseConfig({ PUBLIC_URL: 'HTTPS://survey.example.org' }).secureCookies).toBe(true);
});

test('a PUBLIC_URL that is not http or https is refused, naming PUBLIC_URL', () => {
  expect(configError({ PUBLIC_URL: 'ftp://survey.example.org' }).message).toMatch(/^Invalid configuration:\n {2}PUBLIC_URL: /);
});
