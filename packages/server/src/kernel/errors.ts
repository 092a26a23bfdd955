/**
 * The one error catalog. Domain code throws `ApiError`s built here; the kernel turns them into CloudStack's
 * envelope `{ "<command>response": { uuidList, errorcode, cserrorcode, errortext } }` with the HTTP status equal to
 * `errorcode`. `cserrorcode` values are CloudStack's `CSExceptionErrorCode` numbers, which some clients log.
 */
export const ErrorCode = {
  /** Authentication failed or missing. */
  Unauthorized: 401,
  /** A parameter is missing or malformed. */
  ParamError: 431,
  /** Unknown command, or not allowed for the caller's role. */
  UnsupportedAction: 432,
  /** Unexpected failure inside the server. */
  InternalError: 530,
  /** The caller may not act on that resource. */
  AccountError: 531,
  /** Resource limit reached. */
  AccountResourceLimitError: 532,
  /** Not enough capacity to satisfy the request. */
  InsufficientCapacityError: 533,
  /** The resource cannot be used right now. */
  ResourceUnavailableError: 534,
  /** A resource the request needs could not be allocated. */
  ResourceAllocationError: 535,
  /** The resource is in use. */
  ResourceInUseError: 536,
  /** The network rule conflicts with an existing one. */
  NetworkRuleConflictError: 537,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const csErrorCodes: Record<ErrorCode, number> = {
  401: 9999,
  431: 4350,
  432: 9999,
  530: 4250,
  531: 4365,
  532: 4370,
  533: 4380,
  534: 4390,
  535: 4395,
  536: 4400,
  537: 4410,
};

export class ApiError extends Error {
  readonly errorcode: ErrorCode;
  readonly cserrorcode: number;
  readonly uuidList: string[];

  constructor(errorcode: ErrorCode, errortext: string, uuidList: string[] = []) {
    super(errortext);
    this.name = 'ApiError';
    this.errorcode = errorcode;
    this.cserrorcode = csErrorCodes[errorcode];
    this.uuidList = uuidList;
  }

  /** CloudStack's ExceptionResponse: its `uuidList` holds ExceptionProxyObjects (`{uuid}`; we give no description). */
  toBody(): { uuidList: { uuid: string }[]; errorcode: number; cserrorcode: number; errortext: string } {
    return { uuidList: this.uuidList.map((uuid) => ({ uuid })), errorcode: this.errorcode, cserrorcode: this.cserrorcode, errortext: this.message };
  }
}

export const errors = {
  unauthorized: (text = 'unable to verify user credentials and/or request signature') =>
    new ApiError(ErrorCode.Unauthorized, text),
  missingParam: (command: string, param: string) =>
    new ApiError(ErrorCode.ParamError, `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${param}`),
  invalidParam: (command: string, param: string, value: string, why: string) =>
    new ApiError(
      ErrorCode.ParamError,
      `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${param} value=${truncate(value)}: ${why}`,
    ),
  /** CloudStack's ParamProcessWorker text, word for word: clients match on it to tell a vanished resource. */
  unknownEntity: (command: string, param: string, value: string) =>
    new ApiError(
      ErrorCode.ParamError,
      `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${param} value=${truncate(value)} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
    ),
  paramError: (text: string, uuids: string[] = []) => new ApiError(ErrorCode.ParamError, text, uuids),
  unknownCommand: (command: string) =>
    new ApiError(
      ErrorCode.UnsupportedAction,
      `The given command '${truncate(command)}' either does not exist, is not available for user, or not available from ip address.`,
    ),
  notFound: (what: string, id: string) =>
    new ApiError(ErrorCode.ParamError, `Unable to find ${what} by id ${truncate(id)}`, [id]),
  permissionDenied: (text: string, uuids: string[] = []) => new ApiError(ErrorCode.AccountError, text, uuids),
  internal: (requestId: string) =>
    new ApiError(ErrorCode.InternalError, `Internal error executing command, please contact your system administrator (request ${requestId})`),
  inUse: (text: string, uuids: string[] = []) => new ApiError(ErrorCode.ResourceInUseError, text, uuids),
  unavailable: (text: string, uuids: string[] = []) => new ApiError(ErrorCode.ResourceUnavailableError, text, uuids),
};

function truncate(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}...` : value;
}

/**
 * Whether a database error is a unique-key violation: two requests racing to create the same name both pass the
 * handler's check, and the database's constraint stops the second. (SQLite codes and PostgreSQL's SQLSTATE 23505.)
 */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Any thrown value as the ApiError the client gets; unexpected ones become a 530 naming the request. */
export function toApiError(e: unknown, requestId: string): ApiError {
  if (e instanceof ApiError) return e;
  if (isUniqueViolation(e)) return new ApiError(ErrorCode.ParamError, 'A resource with the same name or id already exists');
  return errors.internal(requestId);
}
