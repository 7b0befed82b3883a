/** Placeholder. */ package dev.warren.client;
