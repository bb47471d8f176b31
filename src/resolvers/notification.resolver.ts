import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Info,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { NotificationChannel, NotificationStatus, RecipientKind } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import type { NotificationFilterInput } from '../services/notification-admin.service';
import { Notification } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import { envelope, MutationPayload } from '../graphql/payloads';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

export const NotificationConnection = ConnectionType(Notification);

@InputType({ description: 'Which notifications to list; every condition given must hold. All when left out.' })
export class NotificationFilter implements NotificationFilterInput {
  @Field(() => NotificationStatus, { nullable: true, description: 'FAILED: the dead letters.' })
  status?: NotificationStatus;

  @Field(() => ID, { nullable: true, description: 'About this complaint.' })
  complaintId?: string;

  @Field(() => NotificationChannel, { nullable: true, description: 'Sent by this channel (EMAIL, WEBHOOK, POST).' })
  channel?: NotificationChannel;

  @Field(() => RecipientKind, {
    nullable: true,
    description: 'To this kind of recipient, e.g. COURT or HR_SYSTEM.',
  })
  recipientKind?: RecipientKind;

  @Field(() => String, {
    nullable: true,
    description: 'The message template, e.g. `acknowledgement`; a name that is no template is refused.',
  })
  template?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Created on or after this date (London).' })
  from?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Created on or before this date (London).' })
  to?: string;
}

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => NotificationFilter, {
    nullable: true,
    description: 'Only the notifications that match; `{ status: FAILED }` for the dead letters.',
  })
  filter?: NotificationFilter;
}

@InputType({
  description:
    'A notification whose delivery failed for good, to be delivered again: it goes back to PENDING with a new ' +
    'delivery job (SPEC §4).',
})
export class RetryNotificationInput {
  @Field(() => ID, { description: 'The notification; it must be FAILED, any other status is a CONFLICT.' })
  notificationId: string;
}

@InputType({
  description:
    'A printed letter to a complainant without email that has been put in the post: the notification becomes ' +
    'SENT, and the step it stands for is done (SPEC §4).',
})
export class RecordLetterPostedInput {
  @Field(() => ID, {
    description: 'The notification; it must be AWAITING_POST, any other status is a CONFLICT.',
  })
  notificationId: string;
}

@Authorized()
@ObjectType()
export class NotificationPayload extends MutationPayload {
  @Field(() => Notification, { nullable: true, description: 'The notification as changed; null on errors.' })
  notification: Notification | null;
}

@Authorized()
@ObjectType({
  description: 'The result of `retryNotification`: the notification as changed, or the `errors` to correct.',
})
export class RetryNotificationPayload extends NotificationPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `recordLetterPosted`: the notification as changed, or the `errors` to correct.',
})
export class RecordLetterPostedPayload extends NotificationPayload {}

@Resolver()
export class NotificationResolver {
  constructor(private readonly services: Pick<Services, 'notificationAdmin'>) {}

  @Authorized(...ROLE_SETS.notificationReaders)
  @Query(() => NotificationConnection, {
    description: 'Notifications, newest first; `filter: { status: FAILED }` is the dead-letter list.',
  })
  notifications(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => NotificationsArgs) args: NotificationsArgs,
  ): Promise<Connection<Notification>> {
    return this.services.notificationAdmin.list(
      ctx,
      { first: args.first, after: args.after, filter: args.filter },
      selected(info, Notification, ['edges', 'node']),
    );
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => RetryNotificationPayload, { description: 'Sends a FAILED notification again.' })
  async retryNotification(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RetryNotificationInput, { description: 'The failed notification to send again.' })
    input: RetryNotificationInput,
  ): Promise<RetryNotificationPayload> {
    const result = await runMutation(ctx, (t) => this.services.notificationAdmin.retry(t, input.notificationId));
    return { notification: result.value, ...envelope(result) };
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordLetterPostedPayload, { description: 'A printed letter was posted: the notification is SENT.' })
  async recordLetterPosted(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordLetterPostedInput, { description: 'The letter that was posted.' })
    input: RecordLetterPostedInput,
  ): Promise<RecordLetterPostedPayload> {
    const result = await runMutation(ctx, (t) => this.services.notificationAdmin.recordPosted(t, input.notificationId));
    return { notification: result.value, ...envelope(result) };
  }
}
