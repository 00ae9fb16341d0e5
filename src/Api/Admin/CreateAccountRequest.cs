using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Accounts;

namespace MailTracker.Api.Admin;

public sealed record CreateAccountRequest([property: Required] string? Name, [property: DefaultValue(Plans.Default), Description("The plan (shared/PRODUCT.md section 8).")] string? Plan);
