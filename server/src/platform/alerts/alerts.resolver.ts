import { IsOptional, Length } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { Person } from '../people/person.entity.js';
import { MeType } from '../people/person.type.js';
import { subscribePush, unsubscribePush, updateAlertPreferences } from './alerts.service.js';
import { PushSubscription } from './push-subscription.entity.js';

@ObjectType('AlertPreferences', { description: 'How the official is alerted of convocations, besides email (always).' })
@Access('authenticated')
export class AlertPreferencesType {
  @Field(() => String, { nullable: true, description: 'E.164.' })
  mobilePhone!: string | null;

  @Field()
  smsAlerts!: boolean;

  @Field(() => Int, { description: 'Browsers and tablets subscribed to web push.' })
  pushDevices!: number;
}

@InputType('PushSubscriptionInput', { description: 'What the browser’s PushSubscription.toJSON() gives.' })
export class PushSubscriptionInput {
  @Field()
  @Length(10, 2000)
  endpoint!: string;

  @Field()
  @Length(20, 200)
  p256dh!: string;

  @Field()
  @Length(10, 100)
  auth!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  userAgent?: string | null;
}

async function preferences(context: GraphqlContext): Promise<AlertPreferencesType> {
  const personId = context.viewer.requirePersonId();
  const person = await context.platformEm.findOneOrFail(Person, { id: personId });
  return Object.assign(new AlertPreferencesType(), {
    mobilePhone: person.mobilePhone ?? null,
    smsAlerts: person.smsAlerts,
    pushDevices: await context.platformEm.count(PushSubscription, { personId }),
  });
}

@Resolver(() => MeType)
export class AlertsResolver {
  @FieldResolver(() => AlertPreferencesType)
  @Access('authenticated')
  async alerts(@Root() _root: MeType, @Ctx() context: GraphqlContext): Promise<AlertPreferencesType> {
    return preferences(context);
  }

  @Query(() => String, { description: 'The VAPID public key: the applicationServerKey of the browser’s pushManager.subscribe().' })
  @Access('authenticated')
  pushPublicKey(@Ctx() context: GraphqlContext): string {
    return context.pushPublicKey;
  }

  @Mutation(() => AlertPreferencesType, { description: 'Registers this browser or tablet for web push alerts.' })
  @Access('authenticated')
  async subscribePush(
    @Arg('input', () => PushSubscriptionInput) input: PushSubscriptionInput,
    @Ctx() context: GraphqlContext,
  ): Promise<AlertPreferencesType> {
    await subscribePush(context.platformEm, context.viewer.requirePersonId(), input);
    return preferences(context);
  }

  @Mutation(() => AlertPreferencesType)
  @Access('authenticated')
  async unsubscribePush(@Arg('endpoint') endpoint: string, @Ctx() context: GraphqlContext): Promise<AlertPreferencesType> {
    await unsubscribePush(context.platformEm, context.viewer.requirePersonId(), endpoint);
    return preferences(context);
  }

  @Mutation(() => AlertPreferencesType, { description: 'SMS alerts (opt-in) and the mobile number they go to.' })
  @Access('authenticated')
  async updateAlertPreferences(
    @Arg('mobilePhone', () => String, { nullable: true }) mobilePhone: string | null,
    @Arg('smsAlerts') smsAlerts: boolean,
    @Ctx() context: GraphqlContext,
  ): Promise<AlertPreferencesType> {
    await updateAlertPreferences(context.platformEm, context.viewer.requirePersonId(), { mobilePhone: mobilePhone ?? null, smsAlerts });
    return preferences(context);
  }
}
