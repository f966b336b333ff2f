package org.vigil.server;
