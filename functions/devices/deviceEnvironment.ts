/**
 * Where the devices function finds the device master key (deviceMasterKey.ts); plain names with
 * no imports, so the local stack and CDK can set them without loading the function's code.
 */
/** The key itself: the local stack sets it from the key kept in .data/. */
export const masterKeyVariable = 'PARKADE_DEVICE_MASTER_KEY';
/** The Secrets Manager secret holding the key, in the cloud. */
export const masterKeySecretArnVariable = 'PARKADE_DEVICE_MASTER_KEY_SECRET_ARN';
