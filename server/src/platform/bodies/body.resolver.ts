import { IsOptional, IsString } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { UploadTicketType } from '../../body/documents/document.type.js';
import { completeLogoUpload, requestLogoUpload } from './body-logo.service.js';
import { Body } from './body.entity.js';
import { BodyType } from './body.type.js';
import { checkMailSettings } from '../../notify/mail-identity.js';

@InputType({ description: "How the body's emails present themselves; a blank or null field is the default." })
export class BodyMailSettingsInput {
  // Checked by `checkMailSettings`, for its French messages; the decorators only declare the fields.
  @Field(() => String, {
    nullable: true,
    description: 'Display name of the From (120 characters at most); default « <name> — Secrétariat des assemblées ».',
  })
  @IsOptional()
  @IsString()
  senderName?: string | null;

  @Field(() => String, { nullable: true, description: 'Reply-To address; default none (answers go to the sender address).' })
  @IsOptional()
  @IsString()
  replyTo?: string | null;
}

@Resolver(() => BodyType)
export class BodyResolver {
  @Query(() => BodyType, { description: 'A body the caller belongs to (or coordinates). NOT_FOUND otherwise.' })
  @Access('authenticated')
  async body(@Arg('slug') slug: string, @Ctx() { bodies }: GraphqlContext): Promise<BodyType> {
    return BodyType.from(await bodies.bodyBySlug(slug));
  }

  @Query(() => [BodyType], { description: 'The bodies the caller belongs to; every body for the coordinator.' })
  @Access('authenticated')
  async bodies(@Ctx() { bodies }: GraphqlContext): Promise<BodyType[]> {
    return (await bodies.visibleBodies()).map((body) => BodyType.from(body));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The logo (WebP, at most 512 × 512), a link valid 5 minutes.' })
  @Access('authenticated')
  async logoUrl(@Root() root: BodyType, @Ctx() { documents }: GraphqlContext): Promise<string | null> {
    if (!root.logoKey) return null;
    return documents.storage.createDownloadUrl(root.logoKey, { expiresInSeconds: 300, fileName: 'logo.webp', contentType: 'image/webp' });
  }

  @Mutation(() => UploadTicketType, { description: "Authorises one direct upload of the body's logo (PNG, JPEG or WebP, 10 MB at most)." })
  @Access('authenticated')
  async requestBodyLogoUpload(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('contentType') contentType: string,
    @Arg('sizeBytes', () => Float) sizeBytes: number,
    @Ctx() { bodies, documents }: GraphqlContext,
  ): Promise<UploadTicketType> {
    const body = await bodies.bodyById(bodyId);
    bodies.authorize(body, 'administer');
    const ticket = await requestLogoUpload(documents, body, contentType, sizeBytes);
    return UploadTicketType.from(ticket);
  }

  @Mutation(() => BodyType, { description: "Checks the uploaded image and makes it the body's logo." })
  @Access('authenticated')
  async completeBodyLogoUpload(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('uploadId', () => UuidScalar) uploadId: string,
    @Ctx() { bodies, documents, platformEm }: GraphqlContext,
  ): Promise<BodyType> {
    const body = await bodies.bodyById(bodyId);
    bodies.authorize(body, 'administer');
    return BodyType.from(await completeLogoUpload(documents, platformEm, body, uploadId));
  }

  @Mutation(() => BodyType, { description: "Sets the sender name and the Reply-To of the body's emails (its secretariat)." })
  @Access('authenticated')
  async updateBodyMailSettings(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => BodyMailSettingsInput) input: BodyMailSettingsInput,
    @Ctx() { bodies, platformEm }: GraphqlContext,
  ): Promise<BodyType> {
    const body = await bodies.bodyById(bodyId);
    bodies.authorize(body, 'prepare');
    const settings = checkMailSettings(input);
    await platformEm.nativeUpdate(Body, { id: body.id }, settings);
    return BodyType.from(Object.assign(body, settings));
  }
}
