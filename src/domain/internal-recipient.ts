/** An address on the internal mailing list besides the users who opted in. */
export interface InternalRecipient {
  email: string;
  createdAt: Date;
}
